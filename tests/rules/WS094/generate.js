// read by good.yml through ${file(./generate.js)}: slsws never runs it
module.exports = () => ({ handler: 'handler.generated' });
module.exports.handler = () => 'handler.generated';
