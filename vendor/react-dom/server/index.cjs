module.exports = require("react-dom-18");
