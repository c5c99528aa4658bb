/** The installed `electron` package (and whether its binary is there), or why it cannot be used. */
export declare function findElectronPackage(): { dir: string; hasBinary: boolean } | { reason: string };
