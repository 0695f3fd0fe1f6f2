/** The registry shared by the fix engine's unit and property tests: one rule of every kind. */
export const FIX_REGISTRY = `
[[rule]]
from = "old.mod"
to = "new.mod"
[[rule]]
from = "old.names:Old"
to = "new.names:New"
[[rule]]
from = "old.names:Same"
to = "new.names"
[[rule]]
from = "old.api"
to = "new.api"
[[rule]]
from = "old.api:Renamed"
to = "new.api:Fresh"
[[rule]]
from = "legacy.*"
to = "modern.*"
[[rule]]
from = "solo"
to = "lib.solo"
[[rule]]
from = "pkg.sub.old"
to = "pkg.sub.new"
[[rule]]
from = "pkg.util:Helper"
to = "shared.tools:Helper"
[[rule]]
from = "top.inner"
to = "flat"
[[rule]]
from = "top.inner2"
to = "flat2"
[[rule]]
from = "top:Thing"
to = "misc:Thing"
[[rule]]
from = "dead.mod"
[[rule]]
from = "dead.names:Gone"
`;
