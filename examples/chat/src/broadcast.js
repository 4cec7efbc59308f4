// Pushes new messages from the table's stream to every connected client.
const AWS = require('aws-sdk'); // SDK v2: not in the Node.js 18+ runtimes

const api = new AWS.ApiGatewayManagementApi({ endpoint: process.env.WS_ENDPOINT });
const db = new AWS.DynamoDB.DocumentClient();

module.exports.handler = async (event) => {
  const { Items } = await db.scan({ TableName: process.env.CONNECTIONS_TABLE }).promise();
  for (const record of event.Records) {
    for (const { connectionId } of Items) {
      await api.postToConnection({ ConnectionId: connectionId, Data: JSON.stringify(record) }).promise();
    }
  }
};
