exports.connect = async () => ({ statusCode: 200 });
