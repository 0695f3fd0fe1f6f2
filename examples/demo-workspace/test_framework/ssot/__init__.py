"""Single-source-of-truth types shared by the app and its tests."""
