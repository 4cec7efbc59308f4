export const connect = async (): Promise<{ statusCode: number }> => ({ statusCode: 200 });
export async function message(): Promise<{ statusCode: number }> {
  return { statusCode: 200 };
}
