export declare function sourceFiles(dir: string): string[];
export declare function importsOf(file: string): string[];
export declare function findCycles(files: string[]): string[][];
export declare function packageSources(): string[];
