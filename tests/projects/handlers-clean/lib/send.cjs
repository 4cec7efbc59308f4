const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

exports.sendMessage = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: event.body }));
  } catch (err) {
    if (err.$metadata?.httpStatusCode !== 410) throw err;
  }
  return { statusCode: 200 };
};
