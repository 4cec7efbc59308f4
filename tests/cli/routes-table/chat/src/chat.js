// handlers of the routes fixture
exports.connect = async () => ({ statusCode: 200 });

exports.disconnect = async () => ({ statusCode: 200 });
exports.send = async (event) => {
  return { statusCode: 200, body: event.body };
};
