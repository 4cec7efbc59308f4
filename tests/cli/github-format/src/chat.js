const AWS = require('aws-sdk');

exports.connect = async () => ({ statusCode: 200 });

exports.send = async (event) => {
  const api = new AWS.ApiGatewayManagementApi({ endpoint: process.env.WS_ENDPOINT });
  await api.postToConnection({ ConnectionId: event.id, Data: 'hi' }).promise();
  return { statusCode: 200 };
};
