'use strict';

const VERSION = '1';

exports.connect = async (event, context) => {
  return { statusCode: 200 };
};

module.exports.send = async function (event) {
  return { statusCode: 200 };
};

exports.VERSION = VERSION;
