export async function broadcast(event, context) {
  return { statusCode: 200 };
}

export const ping = (event) => ({ statusCode: 200 });
