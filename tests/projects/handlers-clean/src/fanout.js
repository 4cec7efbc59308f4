const { ApiGatewayManagementApiClient, PostToConnectionCommand, GoneException } = require('@aws-sdk/client-apigatewaymanagementapi');

const client = new ApiGatewayManagementApiClient({ endpoint: process.env.WS_HTTPS_ENDPOINT });

exports.handler = async (event) => {
  for (const record of event.Records) {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: record.dynamodb.Keys.connectionId.S, Data: 'update' }));
    } catch (err) {
      if (!(err instanceof GoneException)) throw err;
    }
  }
};
