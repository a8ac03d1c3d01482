export declare const SCRIPT_TAG_GZIP_BUDGET: number
export declare const INTEGRITY_FILE: string
export declare const CHUNK_FILE: RegExp
export declare function sriHash(bytes: string | Uint8Array): string
export declare function gzipSize(bytes: string | Uint8Array): number
