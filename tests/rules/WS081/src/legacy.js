// SDK v2 accepts an endpoint without a scheme.
const AWS = require('aws-sdk');

exports.send = async (event) => {
  const api = new AWS.ApiGatewayManagementApi({
    endpoint: event.requestContext.domainName + '/' + event.requestContext.stage,
  });
  try {
    await api.postToConnection({ ConnectionId: 'a', Data: 'b' }).promise();
  } catch (e) {
    if (e.statusCode === 410) return;
    throw e;
  }
};
