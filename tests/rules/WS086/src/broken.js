exports.handler = async (event) => {
  if (event.x {
};
