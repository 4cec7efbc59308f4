import boto3


def handler(event, context):
    ctx = event["requestContext"]
    client = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{ctx['domainName']}/{ctx['stage']}")
    try:
        client.post_to_connection(ConnectionId=ctx["connectionId"], Data=b"pong")
    except client.exceptions.GoneException:
        pass
