export declare const formShapeModule: (shapes: { render: object }, laterKeys: readonly string[]) => string;
export declare const laterShapeModule: (shapes: { later: object }, laterKeys: readonly string[]) => string;
