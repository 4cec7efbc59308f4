const ApiGatewayManagementApi = require('aws-sdk/clients/apigatewaymanagementapi');
exports.handler = async () => new ApiGatewayManagementApi({});
