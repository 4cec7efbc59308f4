import json


def run(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


async def later(event, context):
    return None


class Job:
    pass


RATE = 5
