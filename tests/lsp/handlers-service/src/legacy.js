'use strict';

const AWS = require('aws-sdk');

exports.notify = async (event) => {
  return AWS.VERSION;
};
