import os
import boto3

client = boto3.client("apigatewaymanagementapi", endpoint_url="wss://abc123.execute-api.us-east-1.amazonaws.com/dev")


def handler(event, context):
    client.post_to_connection(ConnectionId="a", Data=b"b")
