export async function connect() { return { statusCode: 200 }; }
export const notify = async () => ({ statusCode: 200 });
export { notify as leave };
