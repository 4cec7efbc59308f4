// Every way to misuse the management API, one per handler.
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

exports.connect = async (event) => {
  const { domainName, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'welcome' }));
  return { statusCode: 200 };
};

exports.send = async (event) => {
  const client = new ApiGatewayManagementApiClient({ endpoint: event.requestContext.domainName + '/' + event.requestContext.stage });
  await client.send(new PostToConnectionCommand({ ConnectionId: 'a', Data: 'b' }));
};

exports.noStage = async (event) => {
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${event.requestContext.domainName}` });
  await client.send(new PostToConnectionCommand({ ConnectionId: 'a', Data: 'b' }));
};

exports.broadcast = async () => {
  const endpoint = process.env.WS_URL;
  const client = new ApiGatewayManagementApiClient({ endpoint });
  await client.send(new PostToConnectionCommand({ ConnectionId: 'a', Data: 'b' }));
};
