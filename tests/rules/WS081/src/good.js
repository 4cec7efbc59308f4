// $connect only stores the ID; the other routes post, with 410 handled.
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = require('@aws-sdk/client-apigatewaymanagementapi');

const post = async (event, id, data) => {
  const { domainName, stage } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: data }));
  } catch (err) {
    if (err.name !== 'GoneException') throw err;
  }
};

exports.connect = async () => ({ statusCode: 200 });

exports.send = async (event) => {
  await post(event, event.requestContext.connectionId, event.body);
  return { statusCode: 200 };
};
