import { DynamoDB } from 'aws-sdk';

export const handler = async () => new DynamoDB.DocumentClient();
