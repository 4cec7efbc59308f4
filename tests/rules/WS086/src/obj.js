const broadcast = async (event) => {};
module.exports = { broadcast, ping: async () => 'pong' };
