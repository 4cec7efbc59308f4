// Greets each client from inside $connect: too early.
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

exports.connect = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'welcome' }));
  } catch (err) {
    if (err.name !== 'GoneException') throw err;
  }
  return { statusCode: 200 };
};
