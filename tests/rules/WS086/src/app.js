// connection handlers
exports.connect = async (event) => ({ statusCode: 200 });
module.exports.disconnect = async () => ({ statusCode: 200 });
exports.sendMessage = async function (event, context) {
  return { statusCode: 200 };
};
