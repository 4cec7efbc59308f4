exports.handler = async () => ({ principalId: 'user', policyDocument: {} });
