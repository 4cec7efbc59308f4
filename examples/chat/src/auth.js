// A REQUEST authorizer for $connect: allows a connection that brings a token.
module.exports.handler = async (event) => ({
  principalId: 'user',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{
      Action: 'execute-api:Invoke',
      Effect: event.queryStringParameters && event.queryStringParameters.token ? 'Allow' : 'Deny',
      Resource: event.methodArn,
    }],
  },
});
