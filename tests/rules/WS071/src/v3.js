const { ApiGatewayManagementApiClient } = require('@aws-sdk/client-apigatewaymanagementapi');

exports.handler = async () => new ApiGatewayManagementApiClient({});
