export interface FunctionLength {
  file: string;
  name: string;
  line: number;
  lines: number;
}
export declare function functionsOf(file: string): FunctionLength[];
export declare function longestFunctions(count?: number): FunctionLength[];
