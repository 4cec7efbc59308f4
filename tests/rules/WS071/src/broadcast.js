const AWS = require('aws-sdk');

exports.handler = async (event) => {
  const api = new AWS.ApiGatewayManagementApi({ endpoint: process.env.WS_ENDPOINT });
  await api.postToConnection({ ConnectionId: event.id, Data: 'hi' }).promise();
};
