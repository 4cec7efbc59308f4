async function run(event) {}
export { run as handler };
export const stats = async () => {};
export default async function main() {}
