const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

const client = new ApiGatewayManagementApiClient({ endpoint: process.env.WS_ENDPOINT });

exports.handler = async (event) => {
  for (const record of event.Records) {
    await client.send(new PostToConnectionCommand({ ConnectionId: record.id, Data: 'update' }));
  }
};
