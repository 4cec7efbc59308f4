// the handlers these CLI fixtures name
exports.connect = async () => ({ statusCode: 200 });
exports.send = async () => ({ statusCode: 200 });
exports.auth = async () => ({ principalId: "user" });
