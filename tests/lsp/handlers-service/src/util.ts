export const helper = (event: unknown): string => 'ok';
