export async function disconnect() { return { statusCode: 200 }; }
