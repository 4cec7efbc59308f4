export const handler = async () => ({ principalId: "user" });
