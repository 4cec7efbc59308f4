// front-end code outside any service
export const hello = (): string => "hello";
