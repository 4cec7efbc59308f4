// Handlers of the example chat service (see ../serverless.yml).
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

module.exports.connect = async () => ({ statusCode: 200 });
module.exports.disconnect = async () => ({ statusCode: 200 });

module.exports.sendMessage = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: event.body }));
  } catch (err) {
    if (err.name !== 'GoneException') throw err; // the client left: nothing to answer
  }
  return { statusCode: 200 };
};

module.exports.fallback = async () => ({ statusCode: 400, body: 'unknown action' });
