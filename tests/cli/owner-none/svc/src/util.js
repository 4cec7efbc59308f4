// a helper module: no function's handler names it
exports.ok = () => ({ statusCode: 200 });
