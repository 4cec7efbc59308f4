exports.connect = async () => ({ statusCode: 200 });
exports.disconnect = async () => ({ statusCode: 200 });
exports.fallback = async () => ({ statusCode: 200 });
exports.send = async () => ({ statusCode: 200 });
