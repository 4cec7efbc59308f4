import json

def connect(event, context):
    return {"statusCode": 200}

async def default(event, context):
    return {"statusCode": 200}

class Helper:
    pass
