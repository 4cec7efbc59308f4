// One place that posts: the endpoint has the scheme and the stage, 410 is handled.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

export async function post(endpoint, connectionId, data) {
  const client = new ApiGatewayManagementApiClient({ endpoint });
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
    return true;
  } catch (err) {
    if (err.name === 'GoneException') return false;
    throw err;
  }
}
