// $connect and $disconnect only record the connection: nothing is posted here.
const { DynamoDBDocumentClient, PutCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

async function connect(event) {
  await db.send(new PutCommand({ TableName: process.env.TABLE, Item: { connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200 };
}

const disconnect = async (event) => {
  await db.send(new DeleteCommand({ TableName: process.env.TABLE, Key: { connectionId: event.requestContext.connectionId } }));
  return { statusCode: 200 };
};

module.exports = { connect, disconnect };
