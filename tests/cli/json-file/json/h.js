// the handlers this fixture names
exports.c = async () => ({ statusCode: 200 });
exports.d = async () => ({ statusCode: 200 });
