/** pytest collection for SSOT Imports: what pytest collects from a file or folder, and why it cannot. */
export { runCollection, DEFAULT_TIMEOUT_MS, pluginDir } from './runCollection';
export { findRootdir, type Rootdir, type RootdirOptions } from './rootdir';
export { leaves, headline, errorLabel } from './summary';
export type * from './types';
