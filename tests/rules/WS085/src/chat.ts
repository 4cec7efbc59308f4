export const send = async (event: unknown) => ({ statusCode: 200 });
