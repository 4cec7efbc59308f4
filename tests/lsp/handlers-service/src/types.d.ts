export declare function declared(event: unknown): void;
