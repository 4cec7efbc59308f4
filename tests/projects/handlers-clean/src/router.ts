import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { S3 } from 'aws-sdk'; // erased at compile time

export const handler = async (event: APIGatewayProxyWebsocketEventV2) => {
  return { statusCode: 400, body: `unknown action in ${event.requestContext.routeKey}` };
};
