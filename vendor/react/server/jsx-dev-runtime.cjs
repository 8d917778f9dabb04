module.exports = require("react-18/jsx-dev-runtime");
