// the handlers this fixture names
exports.auth = async () => ({ principalId: "user" });
exports.send = async () => ({ statusCode: 200 });
